export const MARQUEE_CONFIG = Symbol('MarqueeConfig');
