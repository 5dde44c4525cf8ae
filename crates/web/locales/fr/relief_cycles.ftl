# relief_cycles: emergency relief (issue 15), fr.
