"""Small function components; pages compose them."""
