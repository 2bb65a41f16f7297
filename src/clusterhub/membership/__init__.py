"""Membership administration: fee rules, applications, renewals, invoices and payments."""
