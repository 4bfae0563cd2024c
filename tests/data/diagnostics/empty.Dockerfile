

# nothing here
