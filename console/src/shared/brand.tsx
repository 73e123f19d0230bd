/** The product's name as the header and the login page show it; `large` on the login card. */
export function Brand(props: { large?: boolean }) {
  return (
    <div class={props.large === true ? 'brand brand--large' : 'brand'}>
      <span class="brand__mark" aria-hidden="true" />
      <h1 class="brand__name">Argus</h1>
      <span class="brand__product">Operator console</span>
    </div>
  );
}
