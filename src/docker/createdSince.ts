/**
 * "2 minutes ago", worded as docker words an image's age (its CreatedSince column), for engines whose
 * listing gives only a time (podman), so every engine's rows read the same.
 */
export function createdSince(created: Date, now: Date = new Date()): string {
  return `${ageText(Math.max(0, now.getTime() - created.getTime()) / 1000)} ago`;
}

function ageText(seconds: number): string {
  const whole = Math.floor(seconds);
  if (whole < 1) return 'Less than a second';
  if (whole === 1) return '1 second';
  if (whole < 60) return `${whole} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(seconds / 3600);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 14) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 60) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 730) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(seconds / 3600 / 24 / 365)} years`;
}
