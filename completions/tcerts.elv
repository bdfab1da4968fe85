
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
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
            cand issue 'Issue a certificate for a Temporal role, with a new key or from a CSR'
            cand namespace 'Manage per-namespace issuing CAs'
            cand ca 'Manage the CAs: import, rotate, retire, export-root-key'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), or write one per command to a directory'
            cand plan 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
            cand apply 'Make the certificates match tcerts.toml: create, renew and re-issue'
            cand renew 'Re-issue declared certificates now, from their tcerts.toml entries (role, namespace, names, key type, validity, CSR): a new key unless --reuse-key'
            cand list 'List every CA and certificate with its status (from DIR/inventory.db)'
            cand metrics 'Write expiry metrics in the Prometheus text format, for node_exporter''s textfile collector: every certificate and CA, and the Temporal Cloud bundles'' CAs'
            cand revoke 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
            cand crl 'Write a CRL for each still-trusted generation of the issuing CA (or a namespace''s CA), each signed by that generation''s key'
            cand bundle 'Build a namespace''s accepted client CA bundle for Temporal Cloud, checked against every Cloud rule before it is written'
            cand filters 'Print the Temporal Cloud certificate filters that admit exactly one namespace''s worker and CLI certificates'
            cand export 'Write a certificate in the form a Temporal consumer reads: CLI profile, environment, Kubernetes Secret, Helm values, server config or PKCS#12'
            cand doctor 'Find why a Temporal mTLS connection fails: check certificate files, a CA bundle, the PKI directory, or a live endpoint, and explain pasted TLS errors'
            cand inspect 'Show every certificate in a file, or in a server''s chain, in human-readable form'
            cand audit 'The issuance log (DIR/audit.jsonl): check its hash chain, or print it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;init'= {
            cand --org 'Organisation (O) written into every certificate''s subject'
            cand --key-type 'Key type for the CAs and the default for certificates'
            cand --root-validity 'Validity of the root CA (e.g. 10y)'
            cand --ca-validity 'Validity of intermediate and namespace CAs (e.g. 5y)'
            cand --leaf-validity 'Default validity of leaf certificates (e.g. 90d)'
            cand --key-store 'Generate every CA key this PKI creates, now and later (namespace add, ca rotate), inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). The keys are sensitive and never extractable; tcerts.toml records their URIs'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --external-root 'Create only the issuing intermediate''s key and CSR, to be signed by an existing enterprise root; then run `tcerts ca import`'
            cand --force 'Replace an existing PKI (its CA files are moved to DIR/archive first)'
            cand --encrypt-ca-key 'Store CA keys as encrypted PKCS#8 (scrypt, AES-256-CBC); the passphrase comes from TCERTS_CA_PASSPHRASE or --passphrase-file, never from the command line'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
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
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --accept-csr-names 'Put the CSR''s DNS names into the certificate as they are (the requester chose them). Without it, a CSR that asks for names needs them repeated with --dns'
            cand --force 'Replace an existing certificate of this name'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tcerts;namespace'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand add 'Create a namespace''s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)'
            cand list 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;namespace;add'= {
            cand --key-store 'Generate the namespace CA''s key inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). Default: the PKI''s [key_store]. The key is sensitive and never extractable; tcerts.toml records its URI'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --under-root 'Sign the namespace CA under the shared root (the default with --external-root): its Cloud bundle then holds that root, so only certificate filters isolate it, and retiring it does not cut its certificates off before they expire'
            cand --own-root 'Make the namespace CA its own self-signed root (the default with a local root), also in a PKI under an enterprise root'
            cand --force 'Replace an existing namespace CA'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;namespace;list'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;namespace;help'= {
            cand add 'Create a namespace''s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)'
            cand list 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)'
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
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
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
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;rotate'= {
            cand --namespace 'The CA of this namespace'
            cand --key-store 'Generate the new CA keys inside a PKCS#11 token, e.g. pkcs11:token=tcerts (RFC 7512; add ?pin-source=file:PATH or set TCERTS_PKCS11_PIN). This moves a CA from a key file into a token: overlap, then `ca retire`. Default: the token of the CA''s current key, else the PKI''s [key_store]. The keys are sensitive and never extractable; tcerts.toml records their URIs'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --root 'The root CA (and, with it, every CA it signed)'
            cand --under-root 'Sign the namespace CA under the shared root (the default with --external-root): its Cloud bundle then holds that root, so only certificate filters isolate it, and retiring it does not cut its certificates off before they expire'
            cand --own-root 'Make the namespace CA its own self-signed root (the default with a local root), also in a PKI under an enterprise root'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;retire'= {
            cand --namespace 'The CA of this namespace'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --root 'The root CA (and, with it, every CA it signed)'
            cand --force 'Retire even though unexpired certificates still depend on the old CA (they stop being trusted)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;ca;export-root-key'= {
            cand --output 'Where to write the root key (must not exist; written 0600)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
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
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;man'= {
            cand --output-dir 'Write tcerts.1 and a page per subcommand (tcerts-issue.1, tcerts-ca-rotate.1 and so on) into DIR instead of printing the top-level page'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;plan'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;apply'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --reuse-key 'Keep the existing key when renewing (default: a new key every time)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;renew'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --reuse-key 'Keep the existing key (default: a new key every time)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;list'= {
            cand --expiring-within 'Exit with status 1 if any CA or certificate expires within this duration (e.g. 30d; 0d: has expired)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;metrics'= {
            cand -o 'Write to FILE atomically (e.g. /var/lib/node_exporter/textfile/tcerts.prom) instead of stdout'
            cand --output 'Write to FILE atomically (e.g. /var/lib/node_exporter/textfile/tcerts.prom) instead of stdout'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;revoke'= {
            cand --reason 'Why (RFC 5280 reason code)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;crl'= {
            cand --namespace 'The CRL of this namespace''s CA (default: the issuing intermediate)'
            cand --output 'Where to write the CRLs of every still-trusted generation of the CA, one after another (PEM); default DIR/crl/SCOPE.pem, plus DIR/crl/SCOPE-G<n>.pem per generation'
            cand --next-update 'How long the CRL is valid (nextUpdate), e.g. 7d'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;bundle'= {
            cand --namespace 'The Temporal namespace whose CA the bundle trusts (default: the default issuing CA)'
            cand --format 'Output format'
            cand -o 'Write to FILE (atomically) instead of stdout'
            cand --output 'Write to FILE (atomically) instead of stdout'
            cand --from 'Build the bundle from these CA certificate files (PEM or DER) instead of the PKI, and check them against the Cloud rules the same way'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tcerts;filters'= {
            cand --namespace 'The Temporal namespace'
            cand -o 'Write to FILE (atomically) instead of stdout'
            cand --output 'Write to FILE (atomically) instead of stdout'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand temporal-profile 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments'
            cand env 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file'
            cand k8s-secret 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)'
            cand helm-values 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`'
            cand server-config 'The global.tls block of a self-hosted Temporal server''s config for the PKI''s frontend and internode certificates'
            cand pkcs12 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java'
            cand terraform 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;export;temporal-profile'= {
            cand --profile 'The profile to create or update (default: NAME)'
            cand --address 'The frontend address, host:port'
            cand --namespace 'The Temporal namespace (default: the certificate''s namespace, if it has one)'
            cand --server-name 'The name the frontend''s certificate is checked against (--tls-server-name)'
            cand --config-file 'The config file to merge into (default, as the Temporal CLI: $TEMPORAL_CONFIG_FILE, else Go''s os.UserConfigDir(): $HOME/Library/Application Support on macOS, $XDG_CONFIG_HOME or $HOME/.config elsewhere; then temporalio/temporal.toml)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --stdout 'Print the merged file on stdout instead of writing it'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export;env'= {
            cand --address 'The frontend address, host:port (TEMPORAL_ADDRESS)'
            cand --namespace 'The Temporal namespace (default: the certificate''s namespace, if it has one)'
            cand --server-name 'TEMPORAL_TLS_SERVER_NAME'
            cand -o 'Write to FILE (atomically; 0600 with --inline) instead of stdout'
            cand --output 'Write to FILE (atomically; 0600 with --inline) instead of stdout'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --inline 'The PEM contents in the *_DATA variables instead of file paths (holds the key)'
            cand --dotenv 'A .env file (KEY="value") instead of shell `export` lines'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export;k8s-secret'= {
            cand --namespace 'The Kubernetes namespace of the Secret (metadata.namespace)'
            cand --k8s-namespace 'The Kubernetes namespace of the Secret (metadata.namespace)'
            cand --secret-name 'The Secret''s name (default: temporal-NAME-tls)'
            cand -o 'Write to FILE (atomically, 0600: it holds the key) instead of stdout'
            cand --output 'Write to FILE (atomically, 0600: it holds the key) instead of stdout'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export;helm-values'= {
            cand --chart 'Which Temporal Helm chart the values are for: `released` (temporal-1.6.0, the latest release: server.config.tls plus Secret volumes and additionalEnv) or `main` (the chart''s main branch since commit e3cd39c: server.tls and web.tls)'
            cand --frontend 'The frontend certificate (default: the PKI''s only frontend certificate)'
            cand --internode 'The internode certificate (default: the PKI''s only internode certificate)'
            cand --client 'The client certificate admintools and the Web UI present to the frontend (default: the PKI''s only cli certificate)'
            cand --frontend-secret 'The frontend Secret''s name (default: temporal-FRONTEND-tls)'
            cand --internode-secret 'The internode Secret''s name (default: temporal-INTERNODE-tls)'
            cand --client-secret 'The client certificate''s Secret name (default: temporal-CLIENT-tls)'
            cand --trust-secret 'The generic Secret holding the PKI''s client trust files (clients.pem, internode.pem): the servers'' clientCaFiles in the released form'
            cand --refresh-interval 'How often the server re-reads the certificate files (refreshInterval)'
            cand -o 'Write to FILE (atomically) instead of stdout'
            cand --output 'Write to FILE (atomically) instead of stdout'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tcerts;export;server-config'= {
            cand --frontend 'The frontend certificate (default: the PKI''s only frontend certificate)'
            cand --internode 'The internode certificate (default: the PKI''s only internode certificate)'
            cand --refresh-interval 'How often the server re-reads the certificate files (refreshInterval)'
            cand -o 'Write to FILE (atomically; 0600 with --inline) instead of stdout'
            cand --output 'Write to FILE (atomically; 0600 with --inline) instead of stdout'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --inline 'Base64 *Data values instead of file paths (holds the keys)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export;pkcs12'= {
            cand -o 'The .p12 file to write (0600)'
            cand --output 'The .p12 file to write (0600)'
            cand --password-file 'Read the password from the first line of FILE (else from $TCERTS_P12_PASSWORD)'
            cand --alias 'The key entry''s alias: the friendlyName of the key and of the leaf certificate (default: NAME)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export;terraform'= {
            cand --namespace 'The Temporal namespace'
            cand -o 'Write the snippet to FILE (atomically) and the PEM bundle beside it (NS-accepted-client-ca.pem, read with filebase64()); default: stdout, with the bundle inline'
            cand --output 'Write the snippet to FILE (atomically) and the PEM bundle beside it (NS-accepted-client-ca.pem, read with filebase64()); default: stdout, with the bundle inline'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --inline 'Put the bundle''s base64 in the snippet even with --output (no bundle file)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;export;help'= {
            cand temporal-profile 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments'
            cand env 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file'
            cand k8s-secret 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)'
            cand helm-values 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`'
            cand server-config 'The global.tls block of a self-hosted Temporal server''s config for the PKI''s frontend and internode certificates'
            cand pkcs12 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java'
            cand terraform 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;export;help;temporal-profile'= {
        }
        &'tcerts;export;help;env'= {
        }
        &'tcerts;export;help;k8s-secret'= {
        }
        &'tcerts;export;help;helm-values'= {
        }
        &'tcerts;export;help;server-config'= {
        }
        &'tcerts;export;help;pkcs12'= {
        }
        &'tcerts;export;help;terraform'= {
        }
        &'tcerts;export;help;help'= {
        }
        &'tcerts;doctor'= {
            cand --cert 'A certificate or chain file (leaf first) to check the way the peer will'
            cand --key 'The private key of --cert (checked to match it, and to be loadable)'
            cand --ca 'The CA file the peer trusts (clientCaFiles, rootCaFiles, --tls-ca-path)'
            cand --server-name 'The name clients dial (DNS name or IP): checked against the server certificate''s SANs'
            cand --usage 'How the peer uses --cert: `server` (a client checks the frontend) or `client` (the frontend checks a worker or CLI certificate)'
            cand --bundle 'A CA bundle to check (a Temporal Cloud namespace''s accepted client CAs, or clientCaFiles)'
            cand --for 'Which rules --bundle must meet [default: cloud]'
            cand --connect 'Handshake with a live endpoint and report its chain, the client CAs it asks for, the alert it sends, the TLS version and ALPN'
            cand --timeout 'Seconds for the whole of --connect: name lookup, TCP connection, TLS handshakes and the wait for the server''s verdict'
            cand --explain 'Explain an error message pasted from Go, rustls, OpenSSL, the Temporal CLI, an SDK or tcld'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'tcerts;inspect'= {
            cand --connect 'Show the chain a live server presents instead'
            cand --server-name 'The TLS server name (SNI) for --connect [default: the host]'
            cand --timeout 'Seconds for the whole of --connect: name lookup, TCP connection and TLS handshake'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;audit'= {
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
            cand verify 'Check the log''s hash chain and that every certificate on disk has its line'
            cand list 'Print the log, oldest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;audit;verify'= {
            cand --anchor 'Also check that line SEQ has this SHA-256 (a head recorded earlier, e.g. in a CI log): this catches lines removed from the end'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;audit;list'= {
            cand --since 'Only lines from this long ago (e.g. 7d) or since this time (RFC 3339)'
            cand --dir 'The PKI directory'
            cand --passphrase-file 'Read the CA key passphrase from the first line of this file (default: TCERTS_CA_PASSPHRASE)'
            cand --pkcs11-module 'The PKCS#11 module (shared library) for CA keys in tokens (default: TCERTS_PKCS11_MODULE)'
            cand --json 'Print results as JSON on stdout'
            cand -q 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand --quiet 'No progress, success lines, next steps, notes, tables or descriptions; warnings and errors still print (stderr), and so does data asked for on stdout'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'tcerts;audit;help'= {
            cand verify 'Check the log''s hash chain and that every certificate on disk has its line'
            cand list 'Print the log, oldest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;audit;help;verify'= {
        }
        &'tcerts;audit;help;list'= {
        }
        &'tcerts;audit;help;help'= {
        }
        &'tcerts;help'= {
            cand init 'Create a PKI: a root CA and an issuing intermediate, or an intermediate for an enterprise root'
            cand issue 'Issue a certificate for a Temporal role, with a new key or from a CSR'
            cand namespace 'Manage per-namespace issuing CAs'
            cand ca 'Manage the CAs: import, rotate, retire, export-root-key'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), or write one per command to a directory'
            cand plan 'Show what `apply` would change (exit 0: nothing due, 3: changes pending, 2: error)'
            cand apply 'Make the certificates match tcerts.toml: create, renew and re-issue'
            cand renew 'Re-issue declared certificates now, from their tcerts.toml entries (role, namespace, names, key type, validity, CSR): a new key unless --reuse-key'
            cand list 'List every CA and certificate with its status (from DIR/inventory.db)'
            cand metrics 'Write expiry metrics in the Prometheus text format, for node_exporter''s textfile collector: every certificate and CA, and the Temporal Cloud bundles'' CAs'
            cand revoke 'Mark a certificate revoked (for `tcerts crl`); Temporal itself does not check CRLs'
            cand crl 'Write a CRL for each still-trusted generation of the issuing CA (or a namespace''s CA), each signed by that generation''s key'
            cand bundle 'Build a namespace''s accepted client CA bundle for Temporal Cloud, checked against every Cloud rule before it is written'
            cand filters 'Print the Temporal Cloud certificate filters that admit exactly one namespace''s worker and CLI certificates'
            cand export 'Write a certificate in the form a Temporal consumer reads: CLI profile, environment, Kubernetes Secret, Helm values, server config or PKCS#12'
            cand doctor 'Find why a Temporal mTLS connection fails: check certificate files, a CA bundle, the PKI directory, or a live endpoint, and explain pasted TLS errors'
            cand inspect 'Show every certificate in a file, or in a server''s chain, in human-readable form'
            cand audit 'The issuance log (DIR/audit.jsonl): check its hash chain, or print it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tcerts;help;init'= {
        }
        &'tcerts;help;issue'= {
        }
        &'tcerts;help;namespace'= {
            cand add 'Create a namespace''s CA: by default its own self-signed root, so that its Cloud bundle and trust admit only its certificates (see docs/trust-model.md)'
            cand list 'List the namespaces and their CAs: each its own root (isolated), or under a shared root (isolation needs certificate filters)'
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
        &'tcerts;help;renew'= {
        }
        &'tcerts;help;list'= {
        }
        &'tcerts;help;metrics'= {
        }
        &'tcerts;help;revoke'= {
        }
        &'tcerts;help;crl'= {
        }
        &'tcerts;help;bundle'= {
        }
        &'tcerts;help;filters'= {
        }
        &'tcerts;help;export'= {
            cand temporal-profile 'Merge a profile for certificate NAME into the Temporal CLI / SDK config file (temporal.toml), keeping its other profiles and comments'
            cand env 'TEMPORAL_* environment variables for certificate NAME, as shell `export` lines or a .env file'
            cand k8s-secret 'A kubernetes.io/tls Secret manifest for certificate NAME (tls.crt = chain, tls.key, ca.crt)'
            cand helm-values 'Values for the Temporal Helm chart (released temporal-1.6.0 by default, or --chart main): server TLS config, and admintools and Web UI client TLS, mounting the Secrets of `export k8s-secret`'
            cand server-config 'The global.tls block of a self-hosted Temporal server''s config for the PKI''s frontend and internode certificates'
            cand pkcs12 'A PKCS#12 file (AES-256 PBES2) with certificate NAME, its key and chain, for Java'
            cand terraform 'A Terraform `temporalcloud_namespace` resource for namespace NS: its accepted client CA bundle and certificate filters, with the values only you know as variables'
        }
        &'tcerts;help;export;temporal-profile'= {
        }
        &'tcerts;help;export;env'= {
        }
        &'tcerts;help;export;k8s-secret'= {
        }
        &'tcerts;help;export;helm-values'= {
        }
        &'tcerts;help;export;server-config'= {
        }
        &'tcerts;help;export;pkcs12'= {
        }
        &'tcerts;help;export;terraform'= {
        }
        &'tcerts;help;doctor'= {
        }
        &'tcerts;help;inspect'= {
        }
        &'tcerts;help;audit'= {
            cand verify 'Check the log''s hash chain and that every certificate on disk has its line'
            cand list 'Print the log, oldest first'
        }
        &'tcerts;help;audit;verify'= {
        }
        &'tcerts;help;audit;list'= {
        }
        &'tcerts;help;help'= {
        }
    ]
    $completions[$command]
}
