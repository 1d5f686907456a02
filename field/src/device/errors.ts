/** A device capability refused or missing, with a code the UI words in the technician's language. */
export class DeviceError extends Error {
  constructor(
    readonly code: 'camera_refused' | 'microphone_refused' | 'gps_refused' | 'gps_unavailable' | 'storage_full' | 'storage_unavailable' | 'speech_unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'DeviceError';
  }
}
