// The supply-disruption risk ranking.
export async function riskPanel() {
}
