// A throw-away private PKI made with the openssl CLI, so the TLS tests prove that trust comes from
// the `cafile` option and nowhere else: no system store on any machine knows these CAs.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { registerCleanup } from "./cleanup.mjs";

const OPENSSL = process.env.OPENSSL || "openssl";

function openssl(args, cwd) {
  try {
    execFileSync(OPENSSL, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    throw new Error(`openssl ${args.join(" ")} failed: ${err.stderr?.toString() || err.message}`);
  }
}

// EC P-256 keys: generating RSA keys would dominate the test's run time for no gain.
const NEWKEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/**
 * Creates CAs and certificates in a temp dir and returns their paths:
 *   ca, otherCa                         two unrelated CAs (PEM certs)
 *   server.{cert,key}                   for localhost / 127.0.0.1, signed by `ca`
 *   wrongName.{cert,key}                signed by `ca`, but only for DNS:wrong.example
 *   client.{cert,key}                   a client certificate signed by `ca` (mutual TLS)
 * plus dir and cleanup().
 */
export function makePki() {
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-pki-"));
  const unregister = registerCleanup(() => rmSync(dir, { recursive: true, force: true }));

  const makeCa = (name, cn) => {
    openssl(["req", "-x509", ...NEWKEY, "-keyout", `${name}.key`, "-out", `${name}.crt`,
      "-days", "2", "-subj", `/CN=${cn}`], dir);
    return path.join(dir, `${name}.crt`);
  };
  const makeLeaf = (name, cn, ext) => {
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    openssl(["req", ...NEWKEY, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${cn}`], dir);
    openssl(["x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
      "-out", `${name}.crt`, "-days", "2", "-extfile", `${name}.ext`], dir);
    return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
  };

  const ca = makeCa("ca", "socketio e2e test CA");
  const otherCa = makeCa("other-ca", "socketio e2e unrelated CA");
  const server = makeLeaf("server", "localhost",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" +
    "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  const wrongName = makeLeaf("wrong-name", "wrong.example",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n" +
    "subjectAltName=DNS:wrong.example\n");
  const client = makeLeaf("client", "socketio e2e client",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n");

  return {
    dir,
    ca,
    otherCa,
    server,
    wrongName,
    client,
    cleanup() {
      unregister();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** redis-server arguments serving TLS on `tlsPort` with `leaf` ({cert, key}), trusting `ca` for clients. */
export function redisTlsArgs({ tlsPort, leaf, ca, authClients = "no" }) {
  return [
    "--tls-port", String(tlsPort),
    "--tls-cert-file", leaf.cert,
    "--tls-key-file", leaf.key,
    "--tls-ca-cert-file", ca,
    "--tls-auth-clients", authClients,
  ];
}
