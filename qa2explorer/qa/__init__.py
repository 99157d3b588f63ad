"""The member's QA documents: reports, the pipeline weblog (extracted safely), manual-QA plots and textfiles."""
