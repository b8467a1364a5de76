import QRCode from "qrcode";

/**
 * The QR code drawn with half blocks for a terminal, black on a white background whatever
 * the terminal's colours (a phone's camera reads dark modules on light), by the `qrcode` library.
 */
export function drawQr(text: string): Promise<string> {
  return QRCode.toString(text, { type: "terminal", small: true });
}
