print("placeholder service")
