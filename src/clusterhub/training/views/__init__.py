"""Pages of the training area: programmes, modules, sessions, attendance and materials
(programmes.py), enrolment, self-assessment and certificates (participants.py); what they
share is in base.py.

Views stay thin: what a user may see comes from training/queries.py, what they may do from
training/rules.py, and every write goes through training/domain.py. An object the user may not
see answers 404; a visible one they may not act on, 403. The certificate verification page is
public (no sign-in).
"""
