"""The command table, generated from the Typer commands by `make command-table`.

SUMMARIES: each root command's one-line help, so that `acct --help` imports no command.
ROUTES: the commands acctcli.entry runs before Typer loads; for each option, the parameter
it sets, its kind (flag, value, optional value, repeat), its type, and each parameter's
default.  Do not edit: tests/cli/test_command_table.py regenerates this file and fails on
any difference.
"""

SUMMARIES = {
    "today": "The morning: fires and urgent mail, mail to triage, calls due, onboarding steps, invoices overdue or due this week, upsells to follow up — most urgent first, each with why it is there.",
    "client": "Clients: add, list, show, edit, pause, resume, churn.",
    "contact": "Contacts: the people at a client.",
    "mail": "Mail: import and sync it, see it per client, triage it to zero.",
    "call": "Calls: log a touch with a client, see the history.",
    "calls": "Who to contact today: due and overdue (most overdue first), at risk, and coming up.",
    "meet": "Record a meeting, an event or a conference attended with the client: a touch of kind meeting, which resets the client's clock like a call.",
    "follow": "Follow-ups and promises: add, list, done, move, drop, show.",
    "onboard": "Start or continue a client's onboarding checklist: the first two months, step by step.",
    "incident": "Incidents (fires): open, resolve, list.",
    "invoice": "Invoices and payments: add, pay, list.",
    "upsell": "Upsells: offers of more services to a client.",
    "kpi": "The account manager's KPIs for a month: receivables collected (aging, overdue, DSO, CEI), churn, turnover growth and upsells, recurring revenue and profit per project, against the month before.",
    "health": "Client health: a 0-100 score for every client (silence, unanswered mail, money overdue, fires, onboarding slip, pauses and fee cuts, broken promises), worst first, in bands healthy / watch / at risk. --date scores any past day from the store's history.",
    "report": "A client's monthly report, in Markdown or as one HTML page; --sent records it went out.",
    "week": "The weekly planning meeting: the week behind and the week ahead, client by client.",
    "search": "Search mail (subject, sender, text, attachments' names), touches' notes, incidents, client notes and onboarding steps, best match first (then the newest). Russian and English words match their other forms: счёт finds счета, invoices finds invoice.",
    "calendar": "The calendar feed (RFC 5545): calls due, report days, onboarding steps, invoice due dates and follow-ups, with the overdue ones on the day they fell due. Each event's UID comes from its item, so a calendar that imports the feed again updates its events.",
    "undo": "Undo the latest write (any command that changed the store), asking once; an undo is a write too, so `acct undo` again redoes it. N: the N latest, newest first.",
    "export": "Write every table of the store into a folder: one file per table and a manifest (schema revision, row counts, acct version). `acct import` loads it into an empty store.",
    "import": "Load a folder written by `acct export` into an empty store (all of it or nothing); the tables the store keeps itself are built again as the rows arrive.",
    "demo": "Load the demo agency into an empty store, dated so that --date (default: today) is a lively morning.",
    "db": "The store itself: status, check, migrate, copy (administrators).",
    "backup": "Copy the store, consistently even while other commands write, to FILE (default: backups/acct-YYYYMMDD-HHMMSS.db beside it); the copy is readable by you alone.",
    "restore": "Replace the store with a backup, once it is checked (whole, acct's, a schema this acct knows); the replaced store is kept in backups/ first.",
}

ROUTES = (
    {
        "path": ("today",),
        "target": "acctcli.cli.dashboard:show_today",
        "positional": None,
        "options": {
            "--date": ("date", "value", "str"),
            "--json": ("json", "flag", "bool"),
            "--team": ("team", "flag", "bool"),
        },
        "defaults": {
            "date": None,
            "json": False,
            "team": False,
        },
    },
    {
        "path": ("mail", "import"),
        "target": "acctcli.cli.mail_import:import_mail",
        "positional": "paths",
        "options": {
            "--json": ("json", "flag", "bool"),
            "--date": ("date", "value", "str"),
        },
        "defaults": {
            "json": False,
            "date": None,
        },
    },
    {
        "path": ("mail", "list"),
        "target": "acctcli.cli.mail_list:list_mail",
        "positional": None,
        "options": {
            "--state": ("state", "value", "str"),
            "--client": ("client", "value", "str"),
            "--category": ("category", "value", "str"),
            "--all": ("all_", "flag", "bool"),
            "-a": ("all_", "flag", "bool"),
            "--limit": ("limit", "value", "int"),
            "-n": ("limit", "value", "int"),
            "--json": ("json", "flag", "bool"),
            "--team": ("team", "flag", "bool"),
            "--date": ("date", "value", "str"),
        },
        "defaults": {
            "state": None,
            "client": None,
            "category": None,
            "all_": False,
            "limit": None,
            "json": False,
            "team": False,
            "date": None,
        },
    },
    {
        "path": ("calls",),
        "target": "acctcli.cli.call_list:show_calls",
        "positional": None,
        "options": {
            "--date": ("date", "value", "str"),
            "--json": ("json", "flag", "bool"),
            "--team": ("team", "flag", "bool"),
            "--ahead": ("ahead", "value", "int"),
        },
        "defaults": {
            "date": None,
            "json": False,
            "team": False,
            "ahead": 7,
        },
    },
    {
        "path": ("kpi",),
        "target": "acctcli.cli.kpi_report:show_kpi",
        "positional": None,
        "options": {
            "--month": ("month", "optional", "str"),
            "-m": ("month", "optional", "str"),
            "--team": ("team", "flag", "bool"),
            "--json": ("json", "flag", "bool"),
            "--explain": ("explain", "flag", "bool"),
            "--date": ("date", "value", "str"),
            "--by": ("by", "value", "str"),
        },
        "defaults": {
            "month": None,
            "team": False,
            "json": False,
            "explain": False,
            "date": None,
            "by": None,
        },
    },
    {
        "path": ("search",),
        "target": "acctcli.cli.search_run:run",
        "positional": "query",
        "options": {
            "--client": ("client", "value", "str"),
            "--kind": ("kind", "repeat", "str"),
            "--since": ("since", "value", "str"),
            "--until": ("until", "value", "str"),
            "--state": ("state", "value", "str"),
            "--limit": ("limit", "value", "int"),
            "--json": ("json", "flag", "bool"),
        },
        "defaults": {
            "client": None,
            "kind": None,
            "since": None,
            "until": None,
            "state": None,
            "limit": 20,
            "json": False,
        },
    },
)
