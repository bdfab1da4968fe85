
use builtin;
use str;

set edit:completion:arg-completer[tcerts] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tcerts'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tcerts'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
            cand issue 'Issue a certificate for a Temporal role, with a new key or from a CSR'
            cand namespace 'Manage per-namespace issuing CAs'
            cand ca 'Manage the CAs: import an intermediate signed by an enterprise root'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand plan 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
            cand apply 'Make the certificates match tcerts.toml: create, renew and re-issue'
            cand list 'List every CA and certificate with its status (from DIR/inventory.json)'
            cand revoke 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
            cand crl 'Write a CRL of the issuing CA (or a namespace''s CA), signed by it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;init'= {
            cand --org 'Organisation (O) written into every certificate''s subject'
            cand --key-type 'Key type for the CAs and the default for certificates'
            cand --root-validity 'Validity of the root CA (e.g. 10y)'
            cand --ca-validity 'Validity of intermediate and namespace CAs (e.g. 5y)'
            cand --leaf-validity 'Default validity of leaf certificates (e.g. 90d)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --external-root 'Create only the issuing intermediate''s key and CSR, to be signed by an existing enterprise root; then run `tcerts ca import`'
            cand --force 'Replace an existing PKI (its CA files are moved to DIR/archive first)'
            cand --encrypt-ca-key 'Store CA keys as encrypted PKCS#8 (scrypt, AES-256-CBC); the passphrase comes from TCERTS_CA_PASSPHRASE or --passphrase-file, never from the command line'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;issue'= {
            cand --name 'Certificate name: its CN and its directory under DIR/certs (default: the role)'
            cand --dns 'A DNS subject alternative name (repeatable)'
            cand --ip 'An IP subject alternative name (repeatable)'
            cand --namespace 'Temporal namespace (worker, cli): issue from that namespace''s CA'
            cand --validity 'Validity (e.g. 90d, 12h, 2w, 1y); default from tcerts.toml'
            cand --key-type 'Key type of the new key; default from tcerts.toml'
            cand --csr 'Sign this CSR (PEM or DER) instead of generating a key: the workload keeps its key'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --force 'Replace an existing certificate of this name'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tcerts;namespace'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Create a per-namespace issuing CA'
            cand list 'List the namespaces and their CAs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;namespace;add'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --force 'Replace an existing namespace CA'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;namespace;list'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;namespace;help'= {
            cand add 'Create a per-namespace issuing CA'
            cand list 'List the namespaces and their CAs'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;namespace;help;add'= {
        }
        &'tcerts;namespace;help;list'= {
        }
        &'tcerts;namespace;help;help'= {
        }
        &'tcerts;ca'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand import 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
            cand rotate 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
            cand retire 'Remove rotated-out CAs once no unexpired certificate depends on them'
            cand export-root-key 'Write the root key to a file for offline storage and remove it from the PKI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;ca;import'= {
            cand --chain 'The issuer chain: any enterprise intermediates, then the enterprise root (PEM)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;rotate'= {
            cand --namespace 'The CA of this namespace'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --root 'The root CA (and, with it, every CA it signed)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;retire'= {
            cand --namespace 'The CA of this namespace'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --root 'The root CA (and, with it, every CA it signed)'
            cand --force 'Retire even though unexpired certificates still depend on the old CA (they stop being trusted)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;export-root-key'= {
            cand --output 'Where to write the root key (must not exist; written 0600)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;help'= {
            cand import 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
            cand rotate 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
            cand retire 'Remove rotated-out CAs once no unexpired certificate depends on them'
            cand export-root-key 'Write the root key to a file for offline storage and remove it from the PKI'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;ca;help;import'= {
        }
        &'tcerts;ca;help;rotate'= {
        }
        &'tcerts;ca;help;retire'= {
        }
        &'tcerts;ca;help;export-root-key'= {
        }
        &'tcerts;ca;help;help'= {
        }
        &'tcerts;completions'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;man'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;plan'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;apply'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --reuse-key 'Keep the existing key when renewing (default: a new key every time)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;list'= {
            cand --expiring-within 'Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;revoke'= {
            cand --reason 'Why (RFC 5280 reason code)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;crl'= {
            cand --namespace 'The CRL of this namespace''s CA (default: the issuing intermediate)'
            cand --output 'Where to write the CRL (PEM); default DIR/crl/SCOPE.pem'
            cand --next-update 'How long the CRL is valid (nextUpdate), e.g. 7d'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'Print only errors and warnings'
            cand --quiet 'Print only errors and warnings'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;help'= {
            cand init 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
            cand issue 'Issue a certificate for a Temporal role, with a new key or from a CSR'
            cand namespace 'Manage per-namespace issuing CAs'
            cand ca 'Manage the CAs: import an intermediate signed by an enterprise root'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff)'
            cand plan 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
            cand apply 'Make the certificates match tcerts.toml: create, renew and re-issue'
            cand list 'List every CA and certificate with its status (from DIR/inventory.json)'
            cand revoke 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
            cand crl 'Write a CRL of the issuing CA (or a namespace''s CA), signed by it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;help;init'= {
        }
        &'tcerts;help;issue'= {
        }
        &'tcerts;help;namespace'= {
            cand add 'Create a per-namespace issuing CA'
            cand list 'List the namespaces and their CAs'
        }
        &'tcerts;help;namespace;add'= {
        }
        &'tcerts;help;namespace;list'= {
        }
        &'tcerts;help;ca'= {
            cand import 'Import the issuing intermediate signed by an enterprise root (after `init --external-root`)'
            cand rotate 'Create the successor of a CA (default: the issuing intermediate); the old one stays trusted until `ca retire`'
            cand retire 'Remove rotated-out CAs once no unexpired certificate depends on them'
            cand export-root-key 'Write the root key to a file for offline storage and remove it from the PKI'
        }
        &'tcerts;help;ca;import'= {
        }
        &'tcerts;help;ca;rotate'= {
        }
        &'tcerts;help;ca;retire'= {
        }
        &'tcerts;help;ca;export-root-key'= {
        }
        &'tcerts;help;completions'= {
        }
        &'tcerts;help;man'= {
        }
        &'tcerts;help;plan'= {
        }
        &'tcerts;help;apply'= {
        }
        &'tcerts;help;list'= {
        }
        &'tcerts;help;revoke'= {
        }
        &'tcerts;help;crl'= {
        }
        &'tcerts;help;help'= {
        }
    ]
    $completions[$command]
}
