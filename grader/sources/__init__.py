"""Where submissions come from: chat text, a Telegram export, CSV, stdin, or a folder of folders.

Every source yields `Entry`s (who, when, what they posted); `collect` turns them into typed
`SubmissionRef`s — one per student (their own repository, else the latest link; the other links
kept beside it) or all of them — plus the lines that held no repository link, listed, never dropped.
"""
