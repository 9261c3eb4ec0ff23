"""Onboarding a client: a checklist made from a template, ticked step by step.

- `checklist`: `acct onboard` — make, tick, restart and finish a checklist
- `due`: open steps due on a day, for the morning dashboard
- `records`: steps that record the agreed channel or the urgent contact on the client
- `templates`: which template file `--template NAME|PATH` means, read and checked

Kept empty on purpose: `acct today` imports only `due`, not the template machinery.
"""
