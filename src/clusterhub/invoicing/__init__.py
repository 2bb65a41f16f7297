"""Invoices for membership fees: numbering without gaps, VAT, PDF, credit notes, payments and reminders."""
