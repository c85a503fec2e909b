export { generateSecp256k1KeyPair, type EcKeyPair } from './generate-key-pair';
export {
  privateKeyToPkcs8Pem,
  privateKeyToSdkBase64,
  privateKeyToSec1Pem,
  publicKeyToPem,
} from './key-pem';
export { loadPrivateKey } from './load-private-key';
export { assertSecp256k1, KeyFormatError, ZATCA_CURVE } from './secp256k1-key';
