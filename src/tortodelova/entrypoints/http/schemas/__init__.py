"""Wire format (msgspec Structs, snake_case) and the mapping from domain objects to it, one module per
resource (common.py: what they all use).

Request bodies are typed loosely on purpose: msgspec rejects wrong JSON types, the domain checks the
ranges and answers in Russian. The limits are still written into the OpenAPI schema (`_doc`), from the
same domain constants the validation uses. The Struct names are the OpenAPI schema names: part of the
contract with the SPA.
"""
