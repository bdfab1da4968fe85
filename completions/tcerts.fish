# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tcerts_global_optspecs
    string join \n dir= json q/quiet passphrase-file= pkcs11-module= h/help V/version
end

function __fish_tcerts_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tcerts_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tcerts_using_subcommand
    set -l cmd (__fish_tcerts_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tcerts -n "__fish_tcerts_needs_command" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_needs_command" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_needs_command" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_needs_command" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_needs_command" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_needs_command" -s V -l version -d 'Print version'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "init" -d 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "issue" -d 'Issue a certificate for a Temporal role, with a new key or from a CSR'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "namespace" -d 'Manage per-namespace issuing CAs'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "ca" -d 'Manage the CAs: import, rotate, retire, export-root-key'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "man" -d 'Print the man page (roff), or write one per command to a directory'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "plan" -d 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "apply" -d 'Make the certificates match tcerts.toml: create, renew and re-issue'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "renew" -d 'Re-issue declared certificates now, from their tcerts.toml entries (role, namespace, names, key type, validity, CSR): a new key unless --reuse-key'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "list" -d 'List every CA and certificate with its status (from DIR/inventory.db)'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "metrics" -d 'Write expiry metrics in the Prometheus text format, for node_exporter\'s textfile collector: every certificate and CA, and the Temporal Cloud bundles\' CAs'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "revoke" -d 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "crl" -d 'Write a CRL for each still-trusted generation of the issuing CA (or a namespace\'s CA), each signed by that generation\'s key'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "bundle" -d 'Build a namespace\'s accepted client CA bundle for Temporal Cloud, checked against every Cloud rule before it is written'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "filters" -d 'Print the Temporal Cloud certificate filters that admit exactly one namespace\'s worker and CLI certificates'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "export" -d 'Write a certificate in the form a Temporal consumer reads: CLI profile, environment, Kubernetes Secret, Helm values, server config or PKCS#12'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "doctor" -d 'Find why a Temporal mTLS connection fails: check certificate files, a CA bundle, the PKI directory, or a live endpoint, and explain pasted TLS errors'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "inspect" -d 'Show every certificate in a file, or in a server\'s chain, in human-readable form'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "audit" -d 'The issuance log (DIR/audit.jsonl): check its hash chain, or print it'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l org -d 'Organisation (O) written into every certificate\'s subject' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l key-type -d 'Key type for the CAs and the default for certificates' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''
ed25519\t''"
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l root-validity -d 'Validity of the root CA (e.g. 10y)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l ca-validity -d 'Validity of intermediate and namespace CAs (e.g. 5y)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l leaf-validity -d 'Default validity of leaf certificates (e.g. 90d)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l key-store -d 'Generate every CA key this PKI creates, now and later (namespace add, ca rotate), inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). The keys are sensitive and never extractable; tcerts.toml records their URIs' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l external-root -d 'Create only the issuing intermediate\'s key and CSR, to be signed by an existing enterprise root; then run `tcerts ca import`'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l force -d 'Replace an existing PKI (its CA files are moved to DIR/archive first)'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l encrypt-ca-key -d 'Store CA keys as encrypted PKCS#8 (scrypt, AES-256-CBC); the passphrase comes from TCERTS_CA_PASSPHRASE or --passphrase-file, never from the command line'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l name -d 'Certificate name: its CN and its directory under DIR/certs (default: the role)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l dns -d 'A DNS subject alternative name (repeatable)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l ip -d 'An IP subject alternative name (repeatable)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l namespace -d 'Temporal namespace (worker, cli): issue from that namespace\'s CA' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l validity -d 'Validity (e.g. 90d, 12h, 2w, 1y); default from tcerts.toml' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l key-type -d 'Key type of the new key; default from tcerts.toml' -r -f -a "ecdsa-p256\t''
ecdsa-p384\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''
ed25519\t''"
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l csr -d 'Sign this CSR (PEM or DER) instead of generating a key: the workload keeps its key' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l accept-csr-names -d 'Put the CSR\'s DNS names into the certificate as they are (the requester chose them). Without it, a CSR that asks for names needs them repeated with --dns'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l force -d 'Replace an existing certificate of this name'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -f -a "add" -d 'Create a namespace\'s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -f -a "list" -d 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l key-store -d 'Generate the namespace CA\'s key inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). Default: the PKI\'s [key_store]. The key is sensitive and never extractable; tcerts.toml records its URI' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l under-root -d 'Sign the namespace CA under the shared root (the default with --external-root): its Cloud bundle then holds that root, so only certificate filters isolate it, and retiring it does not cut its certificates off before they expire'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l own-root -d 'Make the namespace CA its own self-signed root (the default with a local root), also in a PKI under an enterprise root'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l force -d 'Replace an existing namespace CA'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a namespace\'s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "import" -d 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "rotate" -d 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "retire" -d 'Remove rotated-out CAs once no unexpired certificate depends on them'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "export-root-key" -d 'Write the root key to a file for offline storage and remove it from the PKI'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l chain -d 'The issuer chain: any enterprise intermediates, then the enterprise root (PEM)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l namespace -d 'The CA of this namespace' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l key-store -d 'Generate the new CA keys inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). This moves a CA from a key file into a token: overlap, then `ca retire`. Default: the token of the CA\'s current key, else the PKI\'s [key_store]. The keys are sensitive and never extractable; tcerts.toml records their URIs' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l root -d 'The root CA (and, with it, every CA it signed)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l under-root -d 'Sign the namespace CA under the shared root (the default with --external-root): its Cloud bundle then holds that root, so only certificate filters isolate it, and retiring it does not cut its certificates off before they expire'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l own-root -d 'Make the namespace CA its own self-signed root (the default with a local root), also in a PKI under an enterprise root'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l namespace -d 'The CA of this namespace' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l root -d 'The root CA (and, with it, every CA it signed)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l force -d 'Retire even though unexpired certificates still depend on the old CA (they stop being trusted)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l output -d 'Where to write the root key (must not exist; written 0600)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "retire" -d 'Remove rotated-out CAs once no unexpired certificate depends on them'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "export-root-key" -d 'Write the root key to a file for offline storage and remove it from the PKI'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l output-dir -d 'Write tcerts.1 and a page per subcommand (tcerts-issue.1, tcerts-ca-rotate.1 and so on) into DIR instead of printing the top-level page' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l reuse-key -d 'Keep the existing key when renewing (default: a new key every time)'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -l reuse-key -d 'Keep the existing key (default: a new key every time)'
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand renew" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l expiring-within -d 'Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d; 0d: has expired)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -s o -l output -d 'Write to FILE atomically (e.g. /var/lib/node_exporter/textfile/tcerts.prom) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand metrics" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l reason -d 'Why (RFC 5280 reason code)' -r -f -a "unspecified\t''
key-compromise\t''
ca-compromise\t''
affiliation-changed\t''
superseded\t''
cessation-of-operation\t''"
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l namespace -d 'The CRL of this namespace\'s CA (default: the issuing intermediate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l output -d 'Where to write the CRLs of every still-trusted generation of the CA, one after another (PEM); default DIR/crl/SCOPE.pem, plus DIR/crl/SCOPE-G<n>.pem per generation' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l next-update -d 'How long the CRL is valid (nextUpdate), e.g. 7d' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l namespace -d 'The Temporal namespace whose CA the bundle trusts (default: the default issuing CA)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l format -d 'Output format' -r -f -a "pem\t'PEM certificates, root first'
base64\t'Base64 of the PEM text, on one line'
json\t'What `tcld namespace accepted-client-ca list` prints: fingerprint (SHA-1), issuer, subject, notBefore, notAfter, base64EncodedData'"
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -s o -l output -d 'Write to FILE (atomically) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l from -d 'Build the bundle from these CA certificate files (PEM or DER) instead of the PKI, and check them against the Cloud rules the same way' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand bundle" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -l namespace -d 'The Temporal namespace' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -s o -l output -d 'Write to FILE (atomically) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand filters" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "temporal-profile" -d 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "env" -d 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "k8s-secret" -d 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "helm-values" -d 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "server-config" -d 'The global.tls block of a self-hosted Temporal server\'s config for the PKI\'s frontend and internode certificates'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "pkcs12" -d 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "terraform" -d 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and not __fish_seen_subcommand_from temporal-profile env k8s-secret helm-values server-config pkcs12 terraform help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l profile -d 'The profile to create or update (default: NAME)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l address -d 'The frontend address, host:port' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l namespace -d 'The Temporal namespace (default: the certificate\'s namespace, if it has one)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l server-name -d 'The name the frontend\'s certificate is checked against (--tls-server-name)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l config-file -d 'The config file to merge into (default, as the Temporal CLI: $TEMPORAL_CONFIG_FILE, else Go\'s os.UserConfigDir(): $HOME/Library/Application Support on macOS, $XDG_CONFIG_HOME or $HOME/.config elsewhere; then temporalio/temporal.toml)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l stdout -d 'Print the merged file on stdout instead of writing it'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from temporal-profile" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l address -d 'The frontend address, host:port (TEMPORAL_ADDRESS)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l namespace -d 'The Temporal namespace (default: the certificate\'s namespace, if it has one)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l server-name -d 'TEMPORAL_TLS_SERVER_NAME' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -s o -l output -d 'Write to FILE (atomically; 0600 with --inline) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l inline -d 'The PEM contents in the *_DATA variables instead of file paths (holds the key)'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l dotenv -d 'A .env file (KEY="value") instead of shell `export` lines'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from env" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -l namespace -l k8s-namespace -d 'The Kubernetes namespace of the Secret (metadata.namespace)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -l secret-name -d 'The Secret\'s name (default: temporal-NAME-tls)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -s o -l output -d 'Write to FILE (atomically, 0600: it holds the key) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from k8s-secret" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l chart -d 'Which Temporal Helm chart the values are for: `released` (temporal-1.6.0, the latest release: server.config.tls plus Secret volumes and additionalEnv) or `main` (the chart\'s main branch since commit e3cd39c: server.tls and web.tls)' -r -f -a "released\t'temporal-1.6.0, the latest released chart: TLS in server.config.tls, certificates mounted with additionalVolumes, clients configured with additionalEnv'
main\t'The chart\'s main branch (commit e3cd39c and later, unreleased): server.tls and web.tls'"
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l frontend -d 'The frontend certificate (default: the PKI\'s only frontend certificate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l internode -d 'The internode certificate (default: the PKI\'s only internode certificate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l client -d 'The client certificate admintools and the Web UI present to the frontend (default: the PKI\'s only cli certificate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l frontend-secret -d 'The frontend Secret\'s name (default: temporal-FRONTEND-tls)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l internode-secret -d 'The internode Secret\'s name (default: temporal-INTERNODE-tls)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l client-secret -d 'The client certificate\'s Secret name (default: temporal-CLIENT-tls)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l trust-secret -d 'The generic Secret holding the PKI\'s client trust files (clients.pem, internode.pem): the servers\' clientCaFiles in the released form' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l refresh-interval -d 'How often the server re-reads the certificate files (refreshInterval)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -s o -l output -d 'Write to FILE (atomically) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from helm-values" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l frontend -d 'The frontend certificate (default: the PKI\'s only frontend certificate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l internode -d 'The internode certificate (default: the PKI\'s only internode certificate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l refresh-interval -d 'How often the server re-reads the certificate files (refreshInterval)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -s o -l output -d 'Write to FILE (atomically; 0600 with --inline) instead of stdout' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l inline -d 'Base64 *Data values instead of file paths (holds the keys)'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from server-config" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -s o -l output -d 'The .p12 file to write (0600)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -l password-file -d 'Read the password from the first line of FILE (else from $TCERTS_P12_PASSWORD)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -l alias -d 'The key entry\'s alias: the friendlyName of the key and of the leaf certificate (default: NAME)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from pkcs12" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -l namespace -d 'The Temporal namespace' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -s o -l output -d 'Write the snippet to FILE (atomically) and the PEM bundle beside it (NS-accepted-client-ca.pem, read with filebase64()); default: stdout, with the bundle inline' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -l inline -d 'Put the bundle\'s base64 in the snippet even with --output (no bundle file)'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from terraform" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "temporal-profile" -d 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "env" -d 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "k8s-secret" -d 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "helm-values" -d 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "server-config" -d 'The global.tls block of a self-hosted Temporal server\'s config for the PKI\'s frontend and internode certificates'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "pkcs12" -d 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "terraform" -d 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables'
complete -c tcerts -n "__fish_tcerts_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l cert -d 'A certificate or chain file (leaf first) to check the way the peer will' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l key -d 'The private key of --cert (checked to match it, and to be loadable)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l ca -d 'The CA file the peer trusts (clientCaFiles, rootCaFiles, --tls-ca-path)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l server-name -d 'The name clients dial (DNS name or IP): checked against the server certificate\'s SANs' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l usage -d 'How the peer uses --cert: `server` (a client checks the frontend) or `client` (the frontend checks a worker or CLI certificate)' -r -f -a "server\t'A server certificate, checked by a client (SDK, worker, CLI) dialling the frontend'
client\t'A client certificate, checked by the frontend (workers, CLI, internode)'"
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l bundle -d 'A CA bundle to check (a Temporal Cloud namespace\'s accepted client CAs, or clientCaFiles)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l for -d 'Which rules --bundle must meet [default: cloud]' -r -f -a "cloud\t'A Temporal Cloud namespace\'s accepted client CA bundle'
server\t'A self-hosted server\'s clientCaFiles / rootCaFiles'"
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l connect -d 'Handshake with a live endpoint and report its chain, the client CAs it asks for, the alert it sends, the TLS version and ALPN' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l timeout -d 'Seconds for the whole of --connect: name lookup, TCP connection, TLS handshakes and the wait for the server\'s verdict' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l explain -d 'Explain an error message pasted from Go, rustls, OpenSSL, the Temporal CLI, an SDK or tcld' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l connect -d 'Show the chain a live server presents instead' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l server-name -d 'The TLS server name (SNI) for --connect [default: the host]' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l timeout -d 'Seconds for the whole of --connect: name lookup, TCP connection and TLS handshake' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -f -a "verify" -d 'Check the log\'s hash chain and that every certificate on disk has its line'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -f -a "list" -d 'Print the log, oldest first'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and not __fish_seen_subcommand_from verify list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -l anchor -d 'Also check that line SEQ has this SHA-256 (a head recorded earlier, e.g. in a CI log): this catches lines removed from the end' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -d 'Only lines from this long ago (e.g. 7d) or since this time (RFC 3339)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -l pkcs11-module -d 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the log\'s hash chain and that every certificate on disk has its line'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'Print the log, oldest first'
complete -c tcerts -n "__fish_tcerts_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "init" -d 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "issue" -d 'Issue a certificate for a Temporal role, with a new key or from a CSR'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "namespace" -d 'Manage per-namespace issuing CAs'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "ca" -d 'Manage the CAs: import, rotate, retire, export-root-key'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "completions" -d 'Print a shell completion script'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "man" -d 'Print the man page (roff), or write one per command to a directory'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "plan" -d 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "apply" -d 'Make the certificates match tcerts.toml: create, renew and re-issue'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "renew" -d 'Re-issue declared certificates now, from their tcerts.toml entries (role, namespace, names, key type, validity, CSR): a new key unless --reuse-key'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "list" -d 'List every CA and certificate with its status (from DIR/inventory.db)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "metrics" -d 'Write expiry metrics in the Prometheus text format, for node_exporter\'s textfile collector: every certificate and CA, and the Temporal Cloud bundles\' CAs'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "revoke" -d 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "crl" -d 'Write a CRL for each still-trusted generation of the issuing CA (or a namespace\'s CA), each signed by that generation\'s key'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "bundle" -d 'Build a namespace\'s accepted client CA bundle for Temporal Cloud, checked against every Cloud rule before it is written'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "filters" -d 'Print the Temporal Cloud certificate filters that admit exactly one namespace\'s worker and CLI certificates'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "export" -d 'Write a certificate in the form a Temporal consumer reads: CLI profile, environment, Kubernetes Secret, Helm values, server config or PKCS#12'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "doctor" -d 'Find why a Temporal mTLS connection fails: check certificate files, a CA bundle, the PKI directory, or a live endpoint, and explain pasted TLS errors'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "inspect" -d 'Show every certificate in a file, or in a server\'s chain, in human-readable form'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "audit" -d 'The issuance log (DIR/audit.jsonl): check its hash chain, or print it'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply renew list metrics revoke crl bundle filters export doctor inspect audit help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from namespace" -f -a "add" -d 'Create a namespace\'s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from namespace" -f -a "list" -d 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "import" -d 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "rotate" -d 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "retire" -d 'Remove rotated-out CAs once no unexpired certificate depends on them'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "export-root-key" -d 'Write the root key to a file for offline storage and remove it from the PKI'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "temporal-profile" -d 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "env" -d 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "k8s-secret" -d 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "helm-values" -d 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "server-config" -d 'The global.tls block of a self-hosted Temporal server\'s config for the PKI\'s frontend and internode certificates'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "pkcs12" -d 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "terraform" -d 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the log\'s hash chain and that every certificate on disk has its line'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'Print the log, oldest first'
