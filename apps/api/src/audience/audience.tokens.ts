/** Whether this process generated synthetic interactions: every analytics answer says so. */
export const AUDIENCE_SYNTHETIC = Symbol('AudienceSynthetic');
