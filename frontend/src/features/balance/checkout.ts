/** Leaves the SPA for the payment service's checkout (YooKassa's page, or the sandbox's test page). */
export function openCheckout(url: string): void {
  window.location.assign(url);
}
