/** The CLI's usage text. */
export const USAGE = `ctha - CyberTrace HA Commissioning Wizard (command line)

Usage:
  ctha demo [--port N] [--address-base 127.x.y.z]
                                        start a training lab (key login, no sudo password) and serve the wizard with its project (Ctrl+C removes both)
  ctha demo --headless [--out DIR] [--keep] [--address-base 127.x.y.z]
                                        commission the training lab without a browser: verified signed report, exit 0 on PASS
  ctha ui [--port N] [--cluster FILE]   serve the wizard to a browser on 127.0.0.1 (prints a URL with an access token)
  ctha validate FILE [--json]           check a *.ctha.json project file (exit 0 valid, 2 invalid, 1 error)
  ctha check FILE [HOST-KEYS] [--json] [--password-env VAR]
                                        pre-checks on every instance (exit 0 all pass, 2 a blocker failed, 1 error)
  ctha hostkeys import FILE --known-hosts PATH
                                        pin the instances' keys found in an OpenSSH known_hosts file
  ctha hostkeys pin FILE --instance NAME --fingerprint 'SHA256:...' [--type ssh-ed25519]
                                        pin a fingerprint obtained out of band (ssh-keygen -lf on the host)
  ctha audit FILE [--json] [HOST-KEYS] [--password-env VAR] [--balancer-conf FILE]
                                        requirements x instances against the reference; instances that could not
                                        be reached or logged in to are named first and in the last line
                                        (exit 0 consistent, 2 drift or unknown, 1 error or no instance could be read)
  ctha plan FILE [--steps 1,6,8[,balancer]] [--out plan.json] [--json] [HOST-KEYS] [--password-env VAR]
            [--balancer-conf FILE]
                                        exact changes per instance, identical diffs grouped; --steps limits
                                        the Balancer too (planned without --steps or when it names balancer;
                                        ctha plan --help) (exit 0 nothing to change, 2 changes planned, 1 error)
  ctha apply FILE|PLAN.json [--yes] [--rolling|--parallel] [--json] [--steps 1,6,8[,balancer]] [--ready-deadline-ms N]
             [HOST-KEYS] [--password-env VAR] [--balancer-conf FILE]
                                        write the plan with backups, restart where needed, roll back on failure;
                                        rolling by default (one instance at a time, the reference last; --rolling
                                        says so), --parallel stops every instance at once; readiness deadline
                                        --ready-deadline-ms, else the project's readyDeadlineMs, else 5 minutes
                                        (exit 0 applied or consistent, 2 an instance not applied, 1 error or declined)
  ctha balancer read KL_BALANCER_CONF | --project FILE [--json] [HOST-KEYS] [--password-env VAR]
                                        what kl_balancer.conf says (a local file, or over SSH from the project's balancer)
  ctha balancer import KL_BALANCER_CONF --project FILE --os linux|windows --user NAME --auth METHOD [--key-path PATH]
              --privilege P [--ssh-port N] [--service-dir DIR] [--name NAME]
                                        add kl_balancer.conf's instance hosts to a project (login settings given, never guessed)
  ctha probe FILE [--json] [--indicator VALUE] [--port N] [--deadline-ms N]
                                        live ReplyBack probe of every instance's input port (one port for all,
                                        default 9999; exit 0 all pass, 2 a probe failed, 1 error)
  ctha spot-check FILE --indicators LIST [--user admin] [--port 443] [--api 1.2] [--json]
                  [--pin NAME=SHA256]... [--accept-cert] [--password-env VAR] [--timeout-ms N]
                                        REST lookups of the listed indicators on every instance, compared
                                        (requirement 3; exit 0 consistent, 2 inconsistent, 1 error or incomplete)
  ctha report FILE --engineer NAME --out DIR (--p12 FILE | --identity create) [--p12-pass-env VAR]
              [--apply-report FILE]... [--plan FILE]... [--indicator VALUE] [--port N] [--deadline-ms N]
              [HOST-KEYS] [--password-env VAR] [--balancer-conf FILE] [--secret-env VAR]... [--json]
                                        pre-checks, audit and live probe of the cluster, signed into a report bundle
                                        (exit 0 verdict pass, 2 written but not a pass, 1 error)
  ctha report build --evidence FILE --out DIR (--p12 FILE | --identity create) [--p12-pass-env VAR]
                    [--secret-env VAR]... [--json]
                                        build and sign a report bundle from an evidence input file
  ctha verify-report DIR|report.pdf [--json]
                                        verify a report bundle or its PDF (exit 0 every check holds, 2 a check failed, 1 error)
  ctha schema                           print the JSON Schema of project files
  ctha lab up --out DIR [--linux N] [--windows M] [--backend emulated|openssh] [--version 4.1|4.4|5.1]
              [--drift default|none|PRESET...] [--fault INSTANCE:FAULT[:MS]...] [--seed-dir DIR]
              [--address-base 127.x.y.z] [--ready-delay-ms N] [--windows-service-dir 'D:\Apps\CT']
                                        start simulated CyberTrace hosts in the background
  ctha lab status DIR                   is every lab host reachable and its service answering PONG
  ctha lab down DIR                     stop the lab and remove everything it created
  ctha --help | -h                      this text
  ctha --version | -v                   the tool's version

HOST-KEYS (commands that log in to hosts): a new host key is trusted only when you say which one.
  --accept-host-key NAME=SHA256:...     trust the key with this fingerprint for the instance NAME (or NAME "balancer"),
                                        after comparing it with ssh-keygen -lf on the host's console; repeat per host
  --accept-new-host-keys                with no --accept-host-key: show the new keys on the terminal and ask which to
                                        trust (off a terminal nothing is trusted; the message lists the flags to pass)
  A key accepted for one instance is never accepted for another that presents the same key (cloned hosts),
  and a changed key is never accepted: remove the old pin deliberately (ctha hostkeys) after checking.

Secrets (passwords, passphrases) are never read from arguments or files; the tool asks for them, or reads the
environment variable --password-env names (a variable that is not set is a usage error, exit 1, before any connection).
Commands that log in to hosts print their progress on stderr (one line per event off a terminal; none with --json).`;
