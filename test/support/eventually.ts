/** Retries an assertion until it passes or the time is up; for effects that cross the event bus. */
export const eventually = async (assertion: () => Promise<void>, timeoutMs = 30_000, intervalMs = 200): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
};
