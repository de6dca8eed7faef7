import QRCode from 'qrcode';

/**
 * A QR code of the text as an SVG drawn on the server (no script), for a
 * phone's camera: an authenticator app's key, a link shown to a child or a
 * family. The page says in words what it holds, for those who cannot scan it.
 */
export function qrCodeSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
}
