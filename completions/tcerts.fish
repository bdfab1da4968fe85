# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tcerts_global_optspecs
    string join \n dir= json q/quiet passphrase-file= h/help V/version
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
complete -c tcerts -n "__fish_tcerts_needs_command" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_needs_command" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_needs_command" -s V -l version -d 'Print version'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "init" -d 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "issue" -d 'Issue a certificate for a Temporal role, with a new key or from a CSR'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "namespace" -d 'Manage per-namespace issuing CAs'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "ca" -d 'Manage the CAs: import an intermediate signed by an enterprise root'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "plan" -d 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "apply" -d 'Make the certificates match tcerts.toml: create, renew and re-issue'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "list" -d 'List every CA and certificate with its status (from DIR/inventory.json)'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "revoke" -d 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
complete -c tcerts -n "__fish_tcerts_needs_command" -f -a "crl" -d 'Write a CRL of the issuing CA (or a namespace\'s CA), signed by it'
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
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l external-root -d 'Create only the issuing intermediate\'s key and CSR, to be signed by an existing enterprise root; then run `tcerts ca import`'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l force -d 'Replace an existing PKI (its CA files are moved to DIR/archive first)'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l encrypt-ca-key -d 'Store CA keys as encrypted PKCS#8 (scrypt, AES-256-CBC); the passphrase comes from TCERTS_CA_PASSPHRASE or --passphrase-file, never from the command line'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand init" -s q -l quiet -d 'Print only errors and warnings'
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
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l force -d 'Replace an existing certificate of this name'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -f -a "add" -d 'Create a per-namespace issuing CA'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -f -a "list" -d 'List the namespaces and their CAs'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and not __fish_seen_subcommand_from add list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l force -d 'Replace an existing namespace CA'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from help" -f -a "add" -d 'Create a per-namespace issuing CA'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the namespaces and their CAs'
complete -c tcerts -n "__fish_tcerts_using_subcommand namespace; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "import" -d 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "rotate" -d 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "retire" -d 'Remove rotated-out CAs once no unexpired certificate depends on them'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "export-root-key" -d 'Write the root key to a file for offline storage and remove it from the PKI'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and not __fish_seen_subcommand_from import rotate retire export-root-key help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l chain -d 'The issuer chain: any enterprise intermediates, then the enterprise root (PEM)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l namespace -d 'The CA of this namespace' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l root -d 'The root CA (and, with it, every CA it signed)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l namespace -d 'The CA of this namespace' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l root -d 'The root CA (and, with it, every CA it signed)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l force -d 'Retire even though unexpired certificates still depend on the old CA (they stop being trusted)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from retire" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l output -d 'Where to write the root key (must not exist; written 0600)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from export-root-key" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "retire" -d 'Remove rotated-out CAs once no unexpired certificate depends on them'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "export-root-key" -d 'Write the root key to a file for offline storage and remove it from the PKI'
complete -c tcerts -n "__fish_tcerts_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand man" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand plan" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l reuse-key -d 'Keep the existing key when renewing (default: a new key every time)'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand apply" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l expiring-within -d 'Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand list" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l reason -d 'Why (RFC 5280 reason code)' -r -f -a "unspecified\t''
key-compromise\t''
ca-compromise\t''
affiliation-changed\t''
superseded\t''
cessation-of-operation\t''"
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand revoke" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l namespace -d 'The CRL of this namespace\'s CA (default: the issuing intermediate)' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l output -d 'Where to write the CRL (PEM); default DIR/crl/SCOPE.pem' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l next-update -d 'How long the CRL is valid (nextUpdate), e.g. 7d' -r
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l dir -d 'The PKI directory' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l passphrase-file -d 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)' -r -F
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -l json -d 'Print results as JSON on stdout'
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -s q -l quiet -d 'Print only errors and warnings'
complete -c tcerts -n "__fish_tcerts_using_subcommand crl" -s h -l help -d 'Print help'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "init" -d 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "issue" -d 'Issue a certificate for a Temporal role, with a new key or from a CSR'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "namespace" -d 'Manage per-namespace issuing CAs'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "ca" -d 'Manage the CAs: import an intermediate signed by an enterprise root'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "completions" -d 'Print a shell completion script'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "man" -d 'Print the man page (roff)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "plan" -d 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "apply" -d 'Make the certificates match tcerts.toml: create, renew and re-issue'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "list" -d 'List every CA and certificate with its status (from DIR/inventory.json)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "revoke" -d 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "crl" -d 'Write a CRL of the issuing CA (or a namespace\'s CA), signed by it'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and not __fish_seen_subcommand_from init issue namespace ca completions man plan apply list revoke crl help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from namespace" -f -a "add" -d 'Create a per-namespace issuing CA'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from namespace" -f -a "list" -d 'List the namespaces and their CAs'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "import" -d 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "rotate" -d 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "retire" -d 'Remove rotated-out CAs once no unexpired certificate depends on them'
complete -c tcerts -n "__fish_tcerts_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "export-root-key" -d 'Write the root key to a file for offline storage and remove it from the PKI'
