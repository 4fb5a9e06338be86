enum _PlaceholderJITAccessLocal {}
