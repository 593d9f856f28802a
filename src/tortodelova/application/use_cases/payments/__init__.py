"""Buying credit packs: create a payment, settle it by what the payment service says (notification,
reconciler, the payer's return), list payments, refund one. One use case per module."""
