"""The baker's price list and the orders on her share links (issue 23)."""
