// The demand forecast and stockout projection of one (site, product), drawn over the consumption chart.
export async function forecastPanel() {
}
