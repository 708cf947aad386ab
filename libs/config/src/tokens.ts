/** The validated configuration, for Nest providers that read it (`InfrastructureModule.forRoot` provides it). */
export const MARQUEE_CONFIG = Symbol('MarqueeConfig');
