"""Administration: users, balance adjustments, statistics, the admin account."""
