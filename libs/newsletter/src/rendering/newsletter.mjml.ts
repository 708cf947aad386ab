/**
 * The edition's mail, in MJML with Handlebars placeholders: MJML compiles it to responsive HTML
 * once per edition, Handlebars fills it per subscriber and escapes every value it inserts.
 * Block helpers sit in mj-raw so that MJML leaves them where they are.
 */
export const NEWSLETTER_MJML = `<mjml lang="{{lang}}">
  <mj-head>
    <mj-title>{{subject}}</mj-title>
    <mj-preview>{{preheader}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="15px" line-height="1.45" color="#1d1d1f" />
    </mj-attributes>
    <mj-style>
      .reason { color: #6b4f00; font-size: 13px; }
      .screening { font-size: 13px; color: #333333; }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f3f1ec" width="640px">
    <mj-section padding="24px 16px 8px">
      <mj-column>
        <mj-text font-size="24px" font-weight="bold">{{heading}}</mj-text>
        <mj-text font-size="13px" color="#555555"><a href="{{textUrl}}" style="color:#555555">{{textLabel}}</a></mj-text>
      </mj-column>
    </mj-section>
    <mj-raw>{{#each sections}}</mj-raw>
    <mj-section padding="8px 16px 0">
      <mj-column>
        <mj-text font-size="18px" font-weight="bold" color="#7a1f1f">{{title}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-raw>{{#each picks}}</mj-raw>
    <mj-section background-color="#ffffff" padding="12px 8px" border-bottom="1px solid #e4e0d8" css-class="pick">
      <mj-column width="35%">
        <mj-raw>{{#if image}}</mj-raw>
        <mj-image src="{{image}}" alt="{{title}}" href="{{url}}" padding="4px 8px" border-radius="4px" />
        <mj-raw>{{/if}}</mj-raw>
      </mj-column>
      <mj-column width="65%">
        <mj-text font-size="17px" font-weight="bold" padding="4px 8px" css-class="pick-title"><a href="{{url}}" style="color:#1d1d1f;text-decoration:none">{{title}}</a></mj-text>
        <mj-text padding="2px 8px" css-class="reason"><span class="reason">{{#each explanations}}{{this}}{{#unless @last}} · {{/unless}}{{/each}}</span></mj-text>
        <mj-text padding="4px 8px">{{synopsis}}</mj-text>
        <mj-text padding="2px 8px" css-class="screening">{{#each screenings}}<div class="screening">{{when}} · {{venue}}, {{city}}{{#if price}} · {{price}}{{/if}}{{#if bookingUrl}} · <a href="{{bookingUrl}}" style="color:#7a1f1f">{{../bookLabel}}</a>{{/if}}</div>{{/each}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-raw>{{/each}}</mj-raw>
    <mj-raw>{{/each}}</mj-raw>
    <mj-section padding="16px">
      <mj-column>
        <mj-text font-size="12px" color="#666666">{{why}} <a href="{{unsubscribeUrl}}" style="color:#666666">{{unsubscribeLabel}}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
