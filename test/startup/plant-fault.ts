// Preloaded (`node --import`) into a real service process by fatal-errors.test.ts. On SIGUSR2 it
// leaves two errors nothing handles, as a bug in a callback or a forgotten promise would: the
// process must log the first once and exit, whatever comes after it. With
// PLANT_FAULT=rejection-while-starting it leaves one before the service has started.

if (process.env.PLANT_FAULT === 'rejection-while-starting') {
  setImmediate(() => void Promise.reject(new Error('planted unhandled rejection while starting')));
}

process.on('SIGUSR2', () => {
  if (process.env.PLANT_FAULT === 'exception') {
    setImmediate(() => {
      throw new Error('planted uncaught exception');
    });
    setImmediate(() => {
      throw new Error('second planted uncaught exception');
    });
  } else {
    void Promise.reject(new Error('planted unhandled rejection'));
    void Promise.reject(new Error('second planted unhandled rejection'));
  }
});
