# relief_desk: emergency relief (issue 15), en.
