from acctcli.app import main

raise SystemExit(main())
