// The only source of "now" for the application. Epoch milliseconds, server time.
export interface Clock {
  now(): number;
}
