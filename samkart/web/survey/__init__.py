"""The chief-executive survey on the web: surveys, private answer links, answers, reminders."""
