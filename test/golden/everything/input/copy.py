print("copy")
