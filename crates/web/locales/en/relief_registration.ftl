# relief_registration: emergency relief (issue 15), en.
