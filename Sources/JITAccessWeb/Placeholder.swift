enum _PlaceholderJITAccessWeb {}
