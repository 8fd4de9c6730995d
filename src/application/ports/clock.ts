// The only source of "now" (epoch milliseconds, server time), for the application and the adapters
// alike: use cases ask it, adapters that stamp or compare instants are given it. Only
// src/adapters/clock reads the wall clock (the ESLint clock rule enforces it).
export interface Clock {
  now(): number;
}
