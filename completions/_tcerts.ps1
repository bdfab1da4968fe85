
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tcerts' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tcerts'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tcerts' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a certificate for a Temporal role, with a new key or from a CSR')
            [CompletionResult]::new('namespace', 'namespace', [CompletionResultType]::ParameterValue, 'Manage per-namespace issuing CAs')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Manage the CAs: import, rotate, retire, export-root-key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one per command to a directory')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the certificates match tcerts.toml: create, renew and re-issue')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Re-issue declared certificates now, from their tcerts.toml entries (role, namespace, names, key type, validity, CSR): a new key unless --reuse-key')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every CA and certificate with its status (from DIR/inventory.db)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Write expiry metrics in the Prometheus text format, for node_exporter''s textfile collector: every certificate and CA, and the Temporal Cloud bundles'' CAs')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Write a CRL for each still-trusted generation of the issuing CA (or a namespace''s CA), each signed by that generation''s key')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Build a namespace''s accepted client CA bundle for Temporal Cloud, checked against every Cloud rule before it is written')
            [CompletionResult]::new('filters', 'filters', [CompletionResultType]::ParameterValue, 'Print the Temporal Cloud certificate filters that admit exactly one namespace''s worker and CLI certificates')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a certificate in the form a Temporal consumer reads: CLI profile, environment, Kubernetes Secret, Helm values, server config or PKCS#12')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Find why a Temporal mTLS connection fails: check certificate files, a CA bundle, the PKI directory, or a live endpoint, and explain pasted TLS errors')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show every certificate in a file, or in a server''s chain, in human-readable form')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The issuance log (DIR/audit.jsonl): check its hash chain, or print it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;init' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organisation (O) written into every certificate''s subject')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type for the CAs and the default for certificates')
            [CompletionResult]::new('--root-validity', '--root-validity', [CompletionResultType]::ParameterName, 'Validity of the root CA (e.g. 10y)')
            [CompletionResult]::new('--ca-validity', '--ca-validity', [CompletionResultType]::ParameterName, 'Validity of intermediate and namespace CAs (e.g. 5y)')
            [CompletionResult]::new('--leaf-validity', '--leaf-validity', [CompletionResultType]::ParameterName, 'Default validity of leaf certificates (e.g. 90d)')
            [CompletionResult]::new('--key-store', '--key-store', [CompletionResultType]::ParameterName, 'Generate every CA key this PKI creates, now and later (namespace add, ca rotate), inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). The keys are sensitive and never extractable; tcerts.toml records their URIs')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--external-root', '--external-root', [CompletionResultType]::ParameterName, 'Create only the issuing intermediate''s key and CSR, to be signed by an existing enterprise root; then run `tcerts ca import`')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing PKI (its CA files are moved to DIR/archive first)')
            [CompletionResult]::new('--encrypt-ca-key', '--encrypt-ca-key', [CompletionResultType]::ParameterName, 'Store CA keys as encrypted PKCS#8 (scrypt, AES-256-CBC); the passphrase comes from TCERTS_CA_PASSPHRASE or --passphrase-file, never from the command line')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;issue' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Certificate name: its CN and its directory under DIR/certs (default: the role)')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'A DNS subject alternative name (repeatable)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'An IP subject alternative name (repeatable)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Temporal namespace (worker, cli): issue from that namespace''s CA')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity (e.g. 90d, 12h, 2w, 1y); default from tcerts.toml')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type of the new key; default from tcerts.toml')
            [CompletionResult]::new('--csr', '--csr', [CompletionResultType]::ParameterName, 'Sign this CSR (PEM or DER) instead of generating a key: the workload keeps its key')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--accept-csr-names', '--accept-csr-names', [CompletionResultType]::ParameterName, 'Put the CSR''s DNS names into the certificate as they are (the requester chose them). Without it, a CSR that asks for names needs them repeated with --dns')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing certificate of this name')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tcerts;namespace' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a namespace''s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;namespace;add' {
            [CompletionResult]::new('--key-store', '--key-store', [CompletionResultType]::ParameterName, 'Generate the namespace CA''s key inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). Default: the PKI''s [key_store]. The key is sensitive and never extractable; tcerts.toml records its URI')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--under-root', '--under-root', [CompletionResultType]::ParameterName, 'Sign the namespace CA under the shared root (the default with --external-root): its Cloud bundle then holds that root, so only certificate filters isolate it, and retiring it does not cut its certificates off before they expire')
            [CompletionResult]::new('--own-root', '--own-root', [CompletionResultType]::ParameterName, 'Make the namespace CA its own self-signed root (the default with a local root), also in a PKI under an enterprise root')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing namespace CA')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;namespace;list' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;namespace;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a namespace''s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;namespace;help;add' {
            break
        }
        'tcerts;namespace;help;list' {
            break
        }
        'tcerts;namespace;help;help' {
            break
        }
        'tcerts;ca' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Remove rotated-out CAs once no unexpired certificate depends on them')
            [CompletionResult]::new('export-root-key', 'export-root-key', [CompletionResultType]::ParameterValue, 'Write the root key to a file for offline storage and remove it from the PKI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;ca;import' {
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'The issuer chain: any enterprise intermediates, then the enterprise root (PEM)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;ca;rotate' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The CA of this namespace')
            [CompletionResult]::new('--key-store', '--key-store', [CompletionResultType]::ParameterName, 'Generate the new CA keys inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). This moves a CA from a key file into a token: overlap, then `ca retire`. Default: the token of the CA''s current key, else the PKI''s [key_store]. The keys are sensitive and never extractable; tcerts.toml records their URIs')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'The root CA (and, with it, every CA it signed)')
            [CompletionResult]::new('--under-root', '--under-root', [CompletionResultType]::ParameterName, 'Sign the namespace CA under the shared root (the default with --external-root): its Cloud bundle then holds that root, so only certificate filters isolate it, and retiring it does not cut its certificates off before they expire')
            [CompletionResult]::new('--own-root', '--own-root', [CompletionResultType]::ParameterName, 'Make the namespace CA its own self-signed root (the default with a local root), also in a PKI under an enterprise root')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;ca;retire' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The CA of this namespace')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'The root CA (and, with it, every CA it signed)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Retire even though unexpired certificates still depend on the old CA (they stop being trusted)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;ca;export-root-key' {
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the root key (must not exist; written 0600)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;ca;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Remove rotated-out CAs once no unexpired certificate depends on them')
            [CompletionResult]::new('export-root-key', 'export-root-key', [CompletionResultType]::ParameterValue, 'Write the root key to a file for offline storage and remove it from the PKI')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;ca;help;import' {
            break
        }
        'tcerts;ca;help;rotate' {
            break
        }
        'tcerts;ca;help;retire' {
            break
        }
        'tcerts;ca;help;export-root-key' {
            break
        }
        'tcerts;ca;help;help' {
            break
        }
        'tcerts;completions' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;man' {
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write tcerts.1 and a page per subcommand (tcerts-issue.1, tcerts-ca-rotate.1 and so on) into DIR instead of printing the top-level page')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;plan' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;apply' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--reuse-key', '--reuse-key', [CompletionResultType]::ParameterName, 'Keep the existing key when renewing (default: a new key every time)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;renew' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--reuse-key', '--reuse-key', [CompletionResultType]::ParameterName, 'Keep the existing key (default: a new key every time)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;list' {
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d; 0d: has expired)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;metrics' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE atomically (e.g. /var/lib/node_exporter/textfile/tcerts.prom) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE atomically (e.g. /var/lib/node_exporter/textfile/tcerts.prom) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;revoke' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (RFC 5280 reason code)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;crl' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The CRL of this namespace''s CA (default: the issuing intermediate)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Where to write the CRLs of every still-trusted generation of the CA, one after another (PEM); default DIR/crl/SCOPE.pem, plus DIR/crl/SCOPE-G<n>.pem per generation')
            [CompletionResult]::new('--next-update', '--next-update', [CompletionResultType]::ParameterName, 'How long the CRL is valid (nextUpdate), e.g. 7d')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;bundle' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Temporal namespace whose CA the bundle trusts (default: the default issuing CA)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Build the bundle from these CA certificate files (PEM or DER) instead of the PKI, and check them against the Cloud rules the same way')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tcerts;filters' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Temporal namespace')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('temporal-profile', 'temporal-profile', [CompletionResultType]::ParameterValue, 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file')
            [CompletionResult]::new('k8s-secret', 'k8s-secret', [CompletionResultType]::ParameterValue, 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)')
            [CompletionResult]::new('helm-values', 'helm-values', [CompletionResultType]::ParameterValue, 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`')
            [CompletionResult]::new('server-config', 'server-config', [CompletionResultType]::ParameterValue, 'The global.tls block of a self-hosted Temporal server''s config for the PKI''s frontend and internode certificates')
            [CompletionResult]::new('pkcs12', 'pkcs12', [CompletionResultType]::ParameterValue, 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java')
            [CompletionResult]::new('terraform', 'terraform', [CompletionResultType]::ParameterValue, 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;export;temporal-profile' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'The profile to create or update (default: NAME)')
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'The frontend address, host:port')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Temporal namespace (default: the certificate''s namespace, if it has one)')
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'The name the frontend''s certificate is checked against (--tls-server-name)')
            [CompletionResult]::new('--config-file', '--config-file', [CompletionResultType]::ParameterName, 'The config file to merge into (default, as the Temporal CLI: $TEMPORAL_CONFIG_FILE, else Go''s os.UserConfigDir(): $HOME/Library/Application Support on macOS, $XDG_CONFIG_HOME or $HOME/.config elsewhere; then temporalio/temporal.toml)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--stdout', '--stdout', [CompletionResultType]::ParameterName, 'Print the merged file on stdout instead of writing it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export;env' {
            [CompletionResult]::new('--address', '--address', [CompletionResultType]::ParameterName, 'The frontend address, host:port (TEMPORAL_ADDRESS)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Temporal namespace (default: the certificate''s namespace, if it has one)')
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'TEMPORAL_TLS_SERVER_NAME')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically; 0600 with --inline) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically; 0600 with --inline) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'The PEM contents in the *_DATA variables instead of file paths (holds the key)')
            [CompletionResult]::new('--dotenv', '--dotenv', [CompletionResultType]::ParameterName, 'A .env file (KEY="value") instead of shell `export` lines')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export;k8s-secret' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Kubernetes namespace of the Secret (metadata.namespace)')
            [CompletionResult]::new('--k8s-namespace', '--k8s-namespace', [CompletionResultType]::ParameterName, 'The Kubernetes namespace of the Secret (metadata.namespace)')
            [CompletionResult]::new('--secret-name', '--secret-name', [CompletionResultType]::ParameterName, 'The Secret''s name (default: temporal-NAME-tls)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically, 0600: it holds the key) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically, 0600: it holds the key) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export;helm-values' {
            [CompletionResult]::new('--chart', '--chart', [CompletionResultType]::ParameterName, 'Which Temporal Helm chart the values are for: `released` (temporal-1.6.0, the latest release: server.config.tls plus Secret volumes and additionalEnv) or `main` (the chart''s main branch since commit e3cd39c: server.tls and web.tls)')
            [CompletionResult]::new('--frontend', '--frontend', [CompletionResultType]::ParameterName, 'The frontend certificate (default: the PKI''s only frontend certificate)')
            [CompletionResult]::new('--internode', '--internode', [CompletionResultType]::ParameterName, 'The internode certificate (default: the PKI''s only internode certificate)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'The client certificate admintools and the Web UI present to the frontend (default: the PKI''s only cli certificate)')
            [CompletionResult]::new('--frontend-secret', '--frontend-secret', [CompletionResultType]::ParameterName, 'The frontend Secret''s name (default: temporal-FRONTEND-tls)')
            [CompletionResult]::new('--internode-secret', '--internode-secret', [CompletionResultType]::ParameterName, 'The internode Secret''s name (default: temporal-INTERNODE-tls)')
            [CompletionResult]::new('--client-secret', '--client-secret', [CompletionResultType]::ParameterName, 'The client certificate''s Secret name (default: temporal-CLIENT-tls)')
            [CompletionResult]::new('--trust-secret', '--trust-secret', [CompletionResultType]::ParameterName, 'The generic Secret holding the PKI''s client trust files (clients.pem, internode.pem): the servers'' clientCaFiles in the released form')
            [CompletionResult]::new('--refresh-interval', '--refresh-interval', [CompletionResultType]::ParameterName, 'How often the server re-reads the certificate files (refreshInterval)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tcerts;export;server-config' {
            [CompletionResult]::new('--frontend', '--frontend', [CompletionResultType]::ParameterName, 'The frontend certificate (default: the PKI''s only frontend certificate)')
            [CompletionResult]::new('--internode', '--internode', [CompletionResultType]::ParameterName, 'The internode certificate (default: the PKI''s only internode certificate)')
            [CompletionResult]::new('--refresh-interval', '--refresh-interval', [CompletionResultType]::ParameterName, 'How often the server re-reads the certificate files (refreshInterval)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically; 0600 with --inline) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically; 0600 with --inline) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'Base64 *Data values instead of file paths (holds the keys)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export;pkcs12' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The .p12 file to write (0600)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'The .p12 file to write (0600)')
            [CompletionResult]::new('--password-file', '--password-file', [CompletionResultType]::ParameterName, 'Read the password from the first line of FILE (else from $TCERTS_P12_PASSWORD)')
            [CompletionResult]::new('--alias', '--alias', [CompletionResultType]::ParameterName, 'The key entry''s alias: the friendlyName of the key and of the leaf certificate (default: NAME)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export;terraform' {
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'The Temporal namespace')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the snippet to FILE (atomically) and the PEM bundle beside it (NS-accepted-client-ca.pem, read with filebase64()); default: stdout, with the bundle inline')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the snippet to FILE (atomically) and the PEM bundle beside it (NS-accepted-client-ca.pem, read with filebase64()); default: stdout, with the bundle inline')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--inline', '--inline', [CompletionResultType]::ParameterName, 'Put the bundle''s base64 in the snippet even with --output (no bundle file)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;export;help' {
            [CompletionResult]::new('temporal-profile', 'temporal-profile', [CompletionResultType]::ParameterValue, 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file')
            [CompletionResult]::new('k8s-secret', 'k8s-secret', [CompletionResultType]::ParameterValue, 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)')
            [CompletionResult]::new('helm-values', 'helm-values', [CompletionResultType]::ParameterValue, 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`')
            [CompletionResult]::new('server-config', 'server-config', [CompletionResultType]::ParameterValue, 'The global.tls block of a self-hosted Temporal server''s config for the PKI''s frontend and internode certificates')
            [CompletionResult]::new('pkcs12', 'pkcs12', [CompletionResultType]::ParameterValue, 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java')
            [CompletionResult]::new('terraform', 'terraform', [CompletionResultType]::ParameterValue, 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;export;help;temporal-profile' {
            break
        }
        'tcerts;export;help;env' {
            break
        }
        'tcerts;export;help;k8s-secret' {
            break
        }
        'tcerts;export;help;helm-values' {
            break
        }
        'tcerts;export;help;server-config' {
            break
        }
        'tcerts;export;help;pkcs12' {
            break
        }
        'tcerts;export;help;terraform' {
            break
        }
        'tcerts;export;help;help' {
            break
        }
        'tcerts;doctor' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'A certificate or chain file (leaf first) to check the way the peer will')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'The private key of --cert (checked to match it, and to be loadable)')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA file the peer trusts (clientCaFiles, rootCaFiles, --tls-ca-path)')
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'The name clients dial (DNS name or IP): checked against the server certificate''s SANs')
            [CompletionResult]::new('--usage', '--usage', [CompletionResultType]::ParameterName, 'How the peer uses --cert: `server` (a client checks the frontend) or `client` (the frontend checks a worker or CLI certificate)')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'A CA bundle to check (a Temporal Cloud namespace''s accepted client CAs, or clientCaFiles)')
            [CompletionResult]::new('--for', '--for', [CompletionResultType]::ParameterName, 'Which rules --bundle must meet [default: cloud]')
            [CompletionResult]::new('--connect', '--connect', [CompletionResultType]::ParameterName, 'Handshake with a live endpoint and report its chain, the client CAs it asks for, the alert it sends, the TLS version and ALPN')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds for the whole of --connect: name lookup, TCP connection, TLS handshakes and the wait for the server''s verdict')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Explain an error message pasted from Go, rustls, OpenSSL, the Temporal CLI, an SDK or tcld')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'tcerts;inspect' {
            [CompletionResult]::new('--connect', '--connect', [CompletionResultType]::ParameterName, 'Show the chain a live server presents instead')
            [CompletionResult]::new('--server-name', '--server-name', [CompletionResultType]::ParameterName, 'The TLS server name (SNI) for --connect [default: the host]')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds for the whole of --connect: name lookup, TCP connection and TLS handshake')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;audit' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the log''s hash chain and that every certificate on disk has its line')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print the log, oldest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;audit;verify' {
            [CompletionResult]::new('--anchor', '--anchor', [CompletionResultType]::ParameterName, 'Also check that line SEQ has this SHA-256 (a head recorded earlier, e.g. in a CI log): this catches lines removed from the end')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;audit;list' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only lines from this long ago (e.g. 7d) or since this time (RFC 3339)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The PKI directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)')
            [CompletionResult]::new('--pkcs11-module', '--pkcs11-module', [CompletionResultType]::ParameterName, 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print results as JSON on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'tcerts;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the log''s hash chain and that every certificate on disk has its line')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print the log, oldest first')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;audit;help;verify' {
            break
        }
        'tcerts;audit;help;list' {
            break
        }
        'tcerts;audit;help;help' {
            break
        }
        'tcerts;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Issue a certificate for a Temporal role, with a new key or from a CSR')
            [CompletionResult]::new('namespace', 'namespace', [CompletionResultType]::ParameterValue, 'Manage per-namespace issuing CAs')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Manage the CAs: import, rotate, retire, export-root-key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one per command to a directory')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Make the certificates match tcerts.toml: create, renew and re-issue')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Re-issue declared certificates now, from their tcerts.toml entries (role, namespace, names, key type, validity, CSR): a new key unless --reuse-key')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every CA and certificate with its status (from DIR/inventory.db)')
            [CompletionResult]::new('metrics', 'metrics', [CompletionResultType]::ParameterValue, 'Write expiry metrics in the Prometheus text format, for node_exporter''s textfile collector: every certificate and CA, and the Temporal Cloud bundles'' CAs')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Write a CRL for each still-trusted generation of the issuing CA (or a namespace''s CA), each signed by that generation''s key')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Build a namespace''s accepted client CA bundle for Temporal Cloud, checked against every Cloud rule before it is written')
            [CompletionResult]::new('filters', 'filters', [CompletionResultType]::ParameterValue, 'Print the Temporal Cloud certificate filters that admit exactly one namespace''s worker and CLI certificates')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write a certificate in the form a Temporal consumer reads: CLI profile, environment, Kubernetes Secret, Helm values, server config or PKCS#12')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Find why a Temporal mTLS connection fails: check certificate files, a CA bundle, the PKI directory, or a live endpoint, and explain pasted TLS errors')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show every certificate in a file, or in a server''s chain, in human-readable form')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'The issuance log (DIR/audit.jsonl): check its hash chain, or print it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tcerts;help;init' {
            break
        }
        'tcerts;help;issue' {
            break
        }
        'tcerts;help;namespace' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Create a namespace''s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)')
            break
        }
        'tcerts;help;namespace;add' {
            break
        }
        'tcerts;help;namespace;list' {
            break
        }
        'tcerts;help;ca' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)')
            [CompletionResult]::new('rotate', 'rotate', [CompletionResultType]::ParameterValue, 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Remove rotated-out CAs once no unexpired certificate depends on them')
            [CompletionResult]::new('export-root-key', 'export-root-key', [CompletionResultType]::ParameterValue, 'Write the root key to a file for offline storage and remove it from the PKI')
            break
        }
        'tcerts;help;ca;import' {
            break
        }
        'tcerts;help;ca;rotate' {
            break
        }
        'tcerts;help;ca;retire' {
            break
        }
        'tcerts;help;ca;export-root-key' {
            break
        }
        'tcerts;help;completions' {
            break
        }
        'tcerts;help;man' {
            break
        }
        'tcerts;help;plan' {
            break
        }
        'tcerts;help;apply' {
            break
        }
        'tcerts;help;renew' {
            break
        }
        'tcerts;help;list' {
            break
        }
        'tcerts;help;metrics' {
            break
        }
        'tcerts;help;revoke' {
            break
        }
        'tcerts;help;crl' {
            break
        }
        'tcerts;help;bundle' {
            break
        }
        'tcerts;help;filters' {
            break
        }
        'tcerts;help;export' {
            [CompletionResult]::new('temporal-profile', 'temporal-profile', [CompletionResultType]::ParameterValue, 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments')
            [CompletionResult]::new('env', 'env', [CompletionResultType]::ParameterValue, 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file')
            [CompletionResult]::new('k8s-secret', 'k8s-secret', [CompletionResultType]::ParameterValue, 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)')
            [CompletionResult]::new('helm-values', 'helm-values', [CompletionResultType]::ParameterValue, 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`')
            [CompletionResult]::new('server-config', 'server-config', [CompletionResultType]::ParameterValue, 'The global.tls block of a self-hosted Temporal server''s config for the PKI''s frontend and internode certificates')
            [CompletionResult]::new('pkcs12', 'pkcs12', [CompletionResultType]::ParameterValue, 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java')
            [CompletionResult]::new('terraform', 'terraform', [CompletionResultType]::ParameterValue, 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables')
            break
        }
        'tcerts;help;export;temporal-profile' {
            break
        }
        'tcerts;help;export;env' {
            break
        }
        'tcerts;help;export;k8s-secret' {
            break
        }
        'tcerts;help;export;helm-values' {
            break
        }
        'tcerts;help;export;server-config' {
            break
        }
        'tcerts;help;export;pkcs12' {
            break
        }
        'tcerts;help;export;terraform' {
            break
        }
        'tcerts;help;doctor' {
            break
        }
        'tcerts;help;inspect' {
            break
        }
        'tcerts;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the log''s hash chain and that every certificate on disk has its line')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Print the log, oldest first')
            break
        }
        'tcerts;help;audit;verify' {
            break
        }
        'tcerts;help;audit;list' {
            break
        }
        'tcerts;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
