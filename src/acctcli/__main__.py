from acctcli.entry import main

raise SystemExit(main())
