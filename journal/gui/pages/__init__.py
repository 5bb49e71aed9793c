"""The main window's pages: Today, People, Journal, a person, Insights and the Map."""
