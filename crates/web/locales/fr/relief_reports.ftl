# relief_reports: emergency relief (issue 15), fr.
