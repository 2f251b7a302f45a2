export async function render() {
}
