"""What the jobs leave behind for people and programs: exports, the status report, the WARC archive."""
