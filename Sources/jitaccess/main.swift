print("jitaccess")
