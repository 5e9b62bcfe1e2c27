"""Full-screen views: the main dashboard, the source viewer, help, problems."""
