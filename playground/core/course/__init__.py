"""The course inside the app: lesson files, their goals and the headless check."""
