"""What runs without a window: the tray, notifications, the scheduler, background tasks, one instance."""
